using System.Text;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// Message sizes and operation counts, measured from real messages and counters of honest runs (not BenchmarkDotNet),
/// printed as Markdown tables.
/// </summary>
internal static class ProtocolReport
{
    private const string PatientId = "patient-alice";

    private static readonly Phase[] VisitPhases = [Phase.Consultation, Phase.EmrSearch, Phase.Diagnosis, Phase.Filing];

    /// <summary>The phases of the paper's cost formula (the architecture's filing step is not one of them).</summary>
    private static readonly Phase[] PaperPhases = [Phase.Consultation, Phase.EmrSearch, Phase.Diagnosis];

    /// <summary>One column per counted operation; operations the domain adds later appear under their enum name.</summary>
    private static readonly (string Name, Operation Operation)[] Columns = Enum.GetValues<Operation>()
        .Select(operation => (operation switch
        {
            Operation.SignatureMade => "Sign",
            Operation.SignatureVerified => "Verify",
            Operation.PublicKeyEncryption => "E_PUK",
            Operation.PublicKeyDecryption => "D_PRK",
            Operation.SymmetricEncryption => "E_SEK",
            Operation.SymmetricDecryption => "D_SEK",
            Operation.Hash => "Hash",
            Operation.ScalarMultiplication => "Scalar mult",
            Operation.GeneratorMultiplication => "r·P",
            Operation.CertificateVerification => "Authority sig",
            Operation.DirectoryVerification => "Directory sig",
            Operation.KeyConfirmation => "Tag (HMAC)",
            _ => operation.ToString(),
        }, operation))
        .ToArray();

    /// <summary>The paper's cost terms and the operations each one counts.</summary>
    private static readonly (string Name, string Paper, Operation[] Operations)[] PaperTerms =
    [
        ("T_Sign (sign + verify)", "12", [Operation.SignatureMade, Operation.SignatureVerified]),
        ("T_A (E_PUK + D_PRK)", "14", [Operation.PublicKeyEncryption, Operation.PublicKeyDecryption]),
        ("T_S (E_SEK + D_SEK)", "6", [Operation.SymmetricEncryption, Operation.SymmetricDecryption]),
        ("T_H (Hq, key derivations)", "4", [Operation.Hash]),
    ];

    public static void Print(TextWriter output)
    {
        foreach (var profile in Enum.GetValues<ProtocolProfile>())
        {
            output.WriteLine(MessageSizes(profile));
            output.WriteLine(RegistrationSizes(profile));
            output.WriteLine(OperationCounts(profile));
        }
        output.WriteLine(MigrationReport.MessageSizes());
    }

    private static string MessageSizes(ProtocolProfile profile)
    {
        using var world = BenchWorld.Create(profile);
        world.WarmUp();
        var patient = world.AddPatient(PatientId);
        var transcript = new SessionTranscript("visit");
        world.RunVisit(patient, transcript);
        var messages = transcript.Messages.ToList();

        var text = new StringBuilder();
        text.AppendLine($"## Message sizes of one honest visit ({profile} profile)");
        text.AppendLine();
        text.AppendLine($"{PatientId} visits {BenchWorld.DoctorId} ({BenchWorld.Cardiology}); the record is at {BenchWorld.RecordHospital}. " +
            $"M_SD = \"{BenchWorld.Readings}\" ({Encoding.UTF8.GetByteCount(BenchWorld.Readings)} B), " +
            $"M_DINF = \"{BenchWorld.DiagnosisText}\" ({Encoding.UTF8.GetByteCount(BenchWorld.DiagnosisText)} B), " +
            $"record \"{BenchWorld.RecordText}\". Sizes are of the parts as sent (MessageEvent.Size); " +
            "ciphertexts grow with these texts, the identities and Cert_D.");
        text.AppendLine();
        text.AppendLine("| # | Phase | Step | Message | Sender → Receiver | Parts (bytes) | Bytes | Bits |");
        text.AppendLine("|---:|---|---:|---|---|---|---:|---:|");
        var number = 0;
        foreach (var message in messages)
        {
            var parts = string.Join(", ", message.Parts.Select(p => $"{p.Name} {p.Size}"));
            text.AppendLine($"| {++number} | {PhaseName(message.Phase)} | {message.Step} | {message.Name} | " +
                $"{message.Sender.Role} → {message.Receiver.Role} | {parts} | {message.Size} | {message.Size * 8} |");
        }
        text.AppendLine();
        text.AppendLine("| Phase | Messages | Bytes | Bits |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var phase in VisitPhases)
        {
            var inPhase = messages.Where(m => m.Phase == phase).ToList();
            text.AppendLine($"| {PhaseName(phase)} | {inPhase.Count} | {inPhase.Sum(m => m.Size)} | {inPhase.Sum(m => m.Size) * 8} |");
        }
        var paper = messages.Where(m => PaperPhases.Contains(m.Phase)).ToList();
        text.AppendLine($"| **Visit, Eqs. 11–50 (paper's phases)** | {paper.Count} | {paper.Sum(m => m.Size)} | {paper.Sum(m => m.Size) * 8} |");
        text.AppendLine($"| **Visit with filing** | {messages.Count} | {messages.Sum(m => m.Size)} | {messages.Sum(m => m.Size) * 8} |");
        return text.ToString();
    }

    private static string RegistrationSizes(ProtocolProfile profile)
    {
        using var deployment = new Deployment(TimeProvider.System, new ProtocolOptions { Profile = profile });
        var registrations = new (string Who, SessionTranscript Transcript)[]
        {
            ("Patient", new SessionTranscript("patient registration")),
            ("Hospital cloud", new SessionTranscript("hospital registration")),
            ("Doctor", new SessionTranscript("doctor registration")),
        };
        deployment.AddPatient(PatientId, "patient-alice-fingerprint-template", registrations[0].Transcript);
        deployment.AddHospital(BenchWorld.RecordHospital, registrations[1].Transcript);
        deployment.AddDoctor(BenchWorld.DoctorId, BenchWorld.Cardiology, registrations[2].Transcript);

        var text = new StringBuilder();
        text.AppendLine($"## Message sizes of the registrations (secure channel, {profile} profile)");
        text.AppendLine();
        text.AppendLine("Secret parts (B_P, S_X) are counted by size; the channel's own protection is not counted.");
        text.AppendLine();
        text.AppendLine("| Registration | Step | Message | Sender → Receiver | Parts (bytes) | Bytes | Bits |");
        text.AppendLine("|---|---:|---|---|---|---:|---:|");
        foreach (var (who, transcript) in registrations)
        {
            foreach (var message in transcript.Messages)
            {
                var parts = string.Join(", ", message.Parts.Select(p => $"{p.Name} {p.Size}{(p.Kind == PartKind.Secret ? " (secret)" : "")}"));
                text.AppendLine($"| {who} | {message.Step} | {message.Name} | {message.Sender.Role} → {message.Receiver.Role} | {parts} | {message.Size} | {message.Size * 8} |");
            }
            var total = transcript.Messages.Sum(m => m.Size);
            text.AppendLine($"| **{who}, total** | | | | | **{total}** | **{total * 8}** |");
        }
        return text.ToString();
    }

    private static string OperationCounts(ProtocolProfile profile)
    {
        var returning = CountVisit(profile, returningPatient: true);
        var first = CountVisit(profile, returningPatient: false);

        var text = new StringBuilder();
        text.AppendLine($"## Operations of one full visit (returning patient, {profile} profile), per party and phase");
        text.AppendLine();
        text.AppendLine("Counted by each party's OperationCounters. Sign/Verify = T_Sign halves, E_PUK/D_PRK = T_A (ECIES), " +
            "E_SEK/D_SEK = T_S (AES-GCM), Hash = T_H (hash-to-scalar and session-key derivations), Scalar mult = EC scalar " +
            "multiplications outside ECDSA/ECIES, Authority sig = medical-authority signatures on Cert_D and the revocation list, " +
            "Directory sig = PUK_C's signature on the published directory.");
        text.AppendLine();
        text.AppendLine($"| Party | Phase | {string.Join(" | ", Columns.Select(c => c.Name))} |");
        text.AppendLine($"|---|---|{string.Concat(Columns.Select(_ => "---:|"))}");
        foreach (var (party, counts) in returning)
        {
            foreach (var phase in VisitPhases)
            {
                if (Columns.Any(c => counts.GetValueOrDefault((phase, c.Operation)) != 0))
                {
                    text.AppendLine($"| {party} | {PhaseName(phase)} | {string.Join(" | ", Columns.Select(c => counts.GetValueOrDefault((phase, c.Operation))))} |");
                }
            }
        }
        foreach (var phase in VisitPhases)
        {
            text.AppendLine($"| **All** | **{PhaseName(phase)}** | {string.Join(" | ", Columns.Select(c => $"**{Sum(returning, [phase], c.Operation)}**"))} |");
        }
        text.AppendLine($"| **All** | **Visit with filing** | {string.Join(" | ", Columns.Select(c => $"**{Sum(returning, VisitPhases, c.Operation)}**"))} |");
        text.AppendLine();

        text.AppendLine($"## Per-visit cost terms against the paper's claim (12 T_Sign + 14 T_A + 6 T_S + 4 T_H), {profile} profile");
        text.AppendLine();
        text.AppendLine("\"First visit\": the patient's first visit with this doctor (the patient verifies the directory, " +
            "the revocation list and Cert_D's signature, and reconstructs PUK_D; the doctor reconstructs PUK_P).");
        text.AppendLine();
        text.AppendLine("| Term | Paper | Returning, Eqs. 11–50 | Returning, + filing | First visit, Eqs. 11–50 | First visit, + filing |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        var inPaper = PaperTerms.SelectMany(t => t.Operations).ToHashSet();
        var terms = PaperTerms.Concat(Columns.Where(c => !inPaper.Contains(c.Operation))
            .Select(c => ($"{c.Name} (not in the paper)", "–", new[] { c.Operation })));
        foreach (var (name, paper, operations) in terms)
        {
            text.AppendLine($"| {name} | {paper} | {Sum(returning, PaperPhases, operations)} | {Sum(returning, VisitPhases, operations)} | " +
                $"{Sum(first, PaperPhases, operations)} | {Sum(first, VisitPhases, operations)} |");
        }
        return text.ToString();
    }

    /// <summary>Counters of the four parties over one visit, reset after setup and (for a returning patient) after a first visit.</summary>
    internal static List<(string Party, IReadOnlyDictionary<(Phase Phase, Operation Operation), int> Counts)> CountVisit(ProtocolProfile profile, bool returningPatient)
    {
        using var world = BenchWorld.Create(profile);
        world.WarmUp();
        var patient = world.AddPatient(PatientId);
        if (returningPatient)
        {
            world.RunVisit(patient, NullEventSink.Instance);
        }
        var deployment = world.Deployment;
        var parties = new (string Name, Party Party)[]
        {
            ("Patient", patient),
            ("Doctor", world.Doctor),
            ("Hospital cloud", deployment.Hospitals[BenchWorld.RecordHospital]),
            ("Public cloud", deployment.Cloud),
        };
        foreach (var (_, party) in parties)
        {
            party.Operations.Reset();
        }
        world.RunVisit(patient, NullEventSink.Instance);
        return parties.Select(p => (p.Name, p.Party.Operations.Snapshot())).ToList();
    }

    internal static int Sum(List<(string Party, IReadOnlyDictionary<(Phase Phase, Operation Operation), int> Counts)> counts,
        Phase[] phases, params Operation[] operations) =>
        counts.Sum(c => phases.Sum(phase => operations.Sum(operation => c.Counts.GetValueOrDefault((phase, operation)))));

    private static string PhaseName(Phase phase) => phase switch
    {
        Phase.EmrSearch => "EMR search",
        _ => phase.ToString(),
    };
}

using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Tests.Vectors;

/// <summary>
/// Builds the known-answer vectors of docs/vectors/*.json: each scenario runs the real protocol code inside a
/// <see cref="DeterministicRandom"/> scope seeded with the vector's name, on a clock that never moves, and writes every
/// input, the parties' keys, every intermediate the code reports, every message part and every accepted signature.
/// Same code, same seed: same bytes. docs/vectors/README.md describes the schema.
/// </summary>
public static class VectorGenerator
{
    public const string Cardiology = "cardiology";
    public static readonly DateTimeOffset Start = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, NewLine = "\n" };

    /// <summary>Vector file name → its JSON text.</summary>
    public static IReadOnlyDictionary<string, string> All()
    {
        var vectors = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var profile in new[] { ProtocolProfile.Paper, ProtocolProfile.Hardened })
        {
            var issuance = profile == ProtocolProfile.Paper ? "escrowed" : "escrow-free";
            foreach (var role in new[] { PartyRole.Patient, PartyRole.Doctor, PartyRole.HospitalCloud })
            {
                var name = $"registration-{RoleName(role)}-{issuance}";
                vectors[name + ".json"] = Registration(name, role, profile);
            }
            var visit = $"visit-{profile.ToString().ToLowerInvariant()}";
            vectors[visit + ".json"] = Visit(visit, profile);
        }
        vectors["ehr-migration.json"] = Migration("ehr-migration");
        return vectors;
    }

    private static string Registration(string name, PartyRole role, ProtocolProfile profile) => Run(name, profile, (deployment, vector, sink) =>
    {
        vector["description"] = $"Registration (steps 1–3, Eqs. 2–10) of one {RoleName(role)}, {(profile == ProtocolProfile.Paper ? "the paper's escrowed issuance" : "escrow-free issuance")}.";
        switch (role)
        {
            case PartyRole.Patient: deployment.AddPatient("patient-alice", "alice-fingerprint-template", sink); break;
            case PartyRole.Doctor: deployment.AddDoctor("dr-chen", Cardiology, sink); break;
            default: deployment.AddHospital("HPC-North", sink); break;
        }
    });

    private static string Visit(string name, ProtocolProfile profile) => Run(name, profile, (deployment, vector, sink) =>
    {
        vector["description"] = $"One whole visit in the {profile} profile: consultation (Eqs. 11–24), EMR search (Eqs. 25–48), diagnosis (Eqs. 49–50) and the filing. "
            + "The setup (registrations and the record's index entry) runs first; its messages are not listed, its keys are under parties.";
        var hospital = deployment.AddHospital("HPC-North");
        var doctor = deployment.AddDoctor("dr-chen", Cardiology);
        var patient = deployment.AddPatient("patient-alice", "alice-fingerprint-template");
        deployment.AddRecord(hospital.Id, patient.Id, Cardiology, "2024 stent placed; on aspirin.");
        vector["setup_intermediates"] = TakeIntermediates(vector);
        var visit = new Visit(deployment, patient, doctor, sink, profile);
        visit.Consult("BP 128/82, HR 71, chest pain on exertion");
        var record = visit.SearchRecord(Cardiology);
        var read = visit.Diagnose("Stable angina; continue aspirin, add a beta blocker.");
        vector["inputs"]!.AsObject().Add("readings", "BP 128/82, HR 71, chest pain on exertion");
        vector["inputs"]!.AsObject().Add("record", record);
        vector["inputs"]!.AsObject().Add("diagnosis", read);
        var k = hospital.FindRecord(patient.Id, Cardiology)!.Entries[^1].CommitmentKey!;
        vector["diagnosis_commitment"] = new JsonObject
        {
            ["k"] = Hex(k),
            ["c"] = Hex(Domain.Messages.SignedContents.DiagnosisCommitment(k, read)),
        };
    });

    private static string Migration(string name) => Run(name, ProtocolProfile.Paper, (deployment, vector, sink) =>
    {
        vector["description"] = "One patient-delegated EHR migration (M1–M9) of a cardiology record from HPC-North to HPC-South through the TTPH.";
        deployment.AddHospital("HPC-North");
        deployment.AddHospital("HPC-South");
        var patient = deployment.AddPatient("patient-alice", "alice-fingerprint-template");
        deployment.AddRecord("HPC-North", patient.Id, Cardiology, "2024 stent placed; on aspirin.");
        using var network = new MigrationDeployment(deployment);
        vector["ttph"] = new JsonObject
        {
            ["id"] = network.Ttph.Id,
            ["authority_key_spki"] = Hex(network.Ttph.Authority.PublicKey.ExportSubjectPublicKeyInfo()),
            ["encryption_key_spki"] = Hex(network.Ttph.Anchor.EncryptionKey.ExportSubjectPublicKeyInfo()),
            ["authority_private_key"] = Hex(network.Ttph.Authority.SigningKey.Scalar.ToBytes()),
        };
        vector["setup_intermediates"] = TakeIntermediates(vector);
        network.Begin(patient, "HPC-North", "HPC-South", Cardiology, sink).RunToEnd();
        vector["inputs"]!.AsObject().Add("record", "2024 stent placed; on aspirin.");
    });

    private static string Run(string name, ProtocolProfile profile, Action<Deployment, JsonObject, IProtocolEventSink> scenario)
    {
        var intermediates = new JsonArray();
        var vector = new JsonObject
        {
            ["name"] = name,
            ["description"] = "",
            ["seed_label"] = name,
            ["clock_utc"] = Start.ToString("O"),
            ["clock_unix_ms"] = Start.ToUnixTimeMilliseconds(),
            ["profile"] = profile.ToString(),
        };
        var transcript = new SessionTranscript(name);
        using (DeterministicRandom.Open(name, (label, value) => intermediates.Add(new JsonObject { ["name"] = label, ["hex"] = Hex(value) })))
        {
            using var deployment = new Deployment(new ManualClock(Start), new ProtocolOptions { Profile = profile });
            vector["inputs"] = new JsonObject();
            vector["intermediates"] = intermediates;
            scenario(deployment, vector, transcript);
            vector["deployment"] = DeploymentKeys(deployment);
            vector["parties"] = Parties(deployment);
        }
        vector["intermediates"] = TakeIntermediates(vector);
        var signatures = new JsonArray();
        if (vector["setup_intermediates"] is JsonArray setup)
        {
            ExtractSignatures(setup, signatures, "setup");
        }
        ExtractSignatures(vector["intermediates"]!.AsArray(), signatures, "session");
        vector["signatures"] = signatures;
        vector["messages"] = Messages(transcript);
        vector["checks"] = new JsonArray(transcript.Verifications
            .Select(v => (JsonNode)new JsonObject { ["by"] = v.Verifier.ToString(), ["check"] = v.Reference + (v.Equation is null ? "" : " " + v.Check), ["passed"] = v.Passed })
            .ToArray());
        return Order(vector).ToJsonString(Indented) + "\n";
    }

    /// <summary>Moves the intermediates collected so far out of the vector (the observer keeps filling a fresh list).</summary>
    private static JsonArray TakeIntermediates(JsonObject vector)
    {
        var collected = vector["intermediates"]!.AsArray();
        var taken = new JsonArray(collected.Select(n => n!.DeepClone()).ToArray());
        collected.Clear();
        return taken;
    }

    private static JsonObject DeploymentKeys(Deployment deployment) => new()
    {
        ["master_secret_s"] = Hex(deployment.Cloud.ExportMasterSecretForSealedStorage()),
        ["PK"] = Hex(deployment.Cloud.MasterPublicKey.Encode()),
        ["public_cloud_id"] = deployment.Cloud.Id,
        ["public_cloud_private_key"] = Hex(deployment.Cloud.ExportOwnKeyForSealedStorage()),
        ["PUK_C"] = Hex(deployment.Cloud.Bulletin.CloudKey.Point.Encode()),
        ["PUK_C_spki"] = Hex(deployment.Cloud.Bulletin.CloudKey.ExportSubjectPublicKeyInfo()),
        ["medical_authority_private_key"] = Hex(deployment.Authority.ExportSigningKeyForSealedStorage()),
        ["PUK_MA_spki"] = Hex(deployment.Authority.PublicKey.ExportSubjectPublicKeyInfo()),
    };

    /// <summary>Each registered party: R_X, extra_X, the Hq input and e_X, PUK_X = R_X + e_X·PK, and S_X.</summary>
    private static JsonArray Parties(Deployment deployment)
    {
        var parties = new JsonArray();
        foreach (var registered in deployment.Cloud.RegisteredParties.OrderBy(p => p.Role).ThenBy(p => p.Id, StringComparer.Ordinal))
        {
            Participant participant = registered.Role switch
            {
                PartyRole.Patient => deployment.Patients[registered.Id],
                PartyRole.Doctor => deployment.Doctors[registered.Id],
                _ => deployment.Hospitals[registered.Id],
            };
            var hashInput = new FieldWriter().Add(registered.Id);
            if (registered.IssuanceExtra is not null)
            {
                hashInput.Add(registered.IssuanceExtra);
            }
            var e = ImplicitCertificate.IssuanceHash(registered.Id, registered.IssuanceExtra, registered.R);
            var party = new JsonObject
            {
                ["role"] = registered.Role.ToString(),
                ["id"] = registered.Id,
                ["issuance"] = registered.Issuance.ToString(),
                ["R_X"] = Hex(registered.R.Encode()),
                ["extra_X"] = registered.IssuanceExtra is null ? null : Hex(registered.IssuanceExtra),
                ["Hq_input"] = Hex(hashInput.Add(registered.R).ToArray()),
                ["e_X"] = Hex(e.ToBytes()),
                ["PUK_X"] = Hex(ImplicitCertificate.PublicPoint(e, registered.R, deployment.Cloud.MasterPublicKey).Encode()),
                ["S_X"] = Hex(participant.Credentials!.ExportScalarForSealedStorage()),
            };
            if (participant is Patient patient)
            {
                party["B_P"] = Hex(patient.ExportBiometricPasswordForSealedStorage());
            }
            parties.Add(party);
        }
        return parties;
    }

    private static JsonArray Messages(SessionTranscript transcript) => new(transcript.Messages.Select(m => (JsonNode)new JsonObject
    {
        ["phase"] = m.Phase.ToString(),
        ["step"] = m.Step,
        ["name"] = m.Name,
        ["from"] = m.Sender.ToString(),
        ["to"] = m.Receiver.ToString(),
        ["parts"] = new JsonArray(m.Parts.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Name,
            ["kind"] = p.Kind.ToString(),
            ["size"] = p.Size,
            ["hex"] = p.Bytes is null ? null : Hex(p.Bytes),
        }).ToArray()),
        ["recovered"] = new JsonArray(m.Recovered.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["value"] = r.Value }).ToArray()),
    }).ToArray());

    /// <summary>
    /// Moves every signature the scope saw being made (k, signer key, signed bytes, r||s, reported in that order by
    /// PrivateKey.Sign) out of the intermediates into a list of its own, with the content's SHA-256 for an outside check.
    /// </summary>
    private static void ExtractSignatures(JsonArray intermediates, JsonArray signatures, string during)
    {
        var items = intermediates.Select(n => n!.AsObject()).ToList();
        intermediates.Clear();
        for (var i = 0; i < items.Count; i++)
        {
            if ((string?)items[i]["name"] != "ECDSA k")
            {
                intermediates.Add(items[i].DeepClone());
                continue;
            }
            var content = Convert.FromHexString((string)items[i + 2]["hex"]!);
            signatures.Add(new JsonObject
            {
                ["during"] = during,
                ["name"] = SignatureName(content),
                ["signer_key"] = items[i + 1]["hex"]!.DeepClone(),
                ["k"] = items[i]["hex"]!.DeepClone(),
                ["signed_content"] = items[i + 2]["hex"]!.DeepClone(),
                ["signed_content_sha256"] = Hex(SHA256.HashData(content)),
                ["signature_r_s"] = items[i + 3]["hex"]!.DeepClone(),
            });
            i += 3;
        }
    }

    /// <summary>Every signed content starts with a length-prefixed name field (Sig_D3, Cert_D, Directory...).</summary>
    private static string SignatureName(byte[] content)
    {
        var length = content.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(content) : -1;
        return length is > 0 and <= 64 && content.Length >= 4 + length ? System.Text.Encoding.UTF8.GetString(content, 4, length) : "";
    }

    /// <summary>A fixed key order, whatever order the scenario filled the object in.</summary>
    private static JsonObject Order(JsonObject vector)
    {
        string[] order = ["name", "description", "seed_label", "clock_utc", "clock_unix_ms", "profile", "inputs", "diagnosis_commitment", "deployment", "ttph", "parties",
            "setup_intermediates", "intermediates", "messages", "signatures", "checks"];
        var ordered = new JsonObject();
        foreach (var key in order.Where(vector.ContainsKey))
        {
            var value = vector[key];
            vector.Remove(key);
            ordered[key] = value;
        }
        return ordered;
    }

    private static string RoleName(PartyRole role) => role == PartyRole.HospitalCloud ? "hospital" : role.ToString().ToLowerInvariant();

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}

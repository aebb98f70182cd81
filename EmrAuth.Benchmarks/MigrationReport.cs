using System.Text;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>The message sizes of one honest EHR migration, measured from its real messages, as a Markdown table.</summary>
internal static class MigrationReport
{
    /// <summary>The published scheme's communication cost for one migration (its abstract, docs/ehr-migration.md#source).</summary>
    private const int PublishedBits = 1248;

    public static string MessageSizes()
    {
        var (world, network) = MigrationBenchmarks.Create();
        using var _ = world;
        using var __ = network;
        var transcript = new SessionTranscript("migration");
        MigrationBenchmarks.Migrate(network, world.AddPatient("patient-alice"), transcript);
        var messages = transcript.Messages.ToList();

        var text = new StringBuilder();
        text.AppendLine("## Message sizes of one honest EHR migration");
        text.AppendLine();
        text.AppendLine($"patient-alice moves the cardiology record \"{BenchWorld.RecordText}\" from {BenchWorld.RecordHospital} " +
            $"to {MigrationBenchmarks.Destination}. Sizes are of the parts as sent (MessageEvent.Size).");
        text.AppendLine();
        text.AppendLine("| # | Step | Message | Sender → Receiver | Parts (bytes) | Bytes | Bits |");
        text.AppendLine("|---:|---:|---|---|---|---:|---:|");
        var number = 0;
        foreach (var message in messages)
        {
            var parts = string.Join(", ", message.Parts.Select(p => $"{p.Name} {p.Size}"));
            text.AppendLine($"| {++number} | {message.Step} | {message.Name} | {message.Sender.Id} → {message.Receiver.Id} | " +
                $"{parts} | {message.Size} | {message.Size * 8} |");
        }
        var migration = messages.Where(m => m.Phase == Phase.Migration).Sum(m => m.Size);
        var total = messages.Sum(m => m.Size);
        text.AppendLine($"| | | **M1–M9** | | | **{migration}** | **{migration * 8}** (published: {PublishedBits}) |");
        text.AppendLine($"| | | **With the index registration** | | | **{total}** | **{total * 8}** |");
        return text.ToString();
    }
}

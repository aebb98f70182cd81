using System.Text.RegularExpressions;

namespace EmrAuth.Web.Features.Records;

/// <summary>One entry of a patient's access log, in words: who did it and what they did.</summary>
public sealed partial record AccessLogRow(AuditEntry Entry, string Who, string What, bool IsRecordRead)
{
    public DateTimeOffset At => Entry.At;

    public string Outcome => Entry.Outcome;

    /// <summary>A doctor opened the record in an emergency without the patient's device (issue 14): flagged in the list.</summary>
    public bool IsBreakGlass => Entry.Action is BreakGlassService.ReadAction or BreakGlassService.StoppedAction or BreakGlassReviews.ReviewedAction;

    /// <summary>Splits "… visit {guid} …" so the visit can be a link; null visit when the subject names none.</summary>
    public (string Before, Guid? VisitId, string After) SubjectParts
    {
        get
        {
            var match = VisitId().Match(Entry.Subject);
            return match.Success && Guid.TryParse(match.Groups[1].Value, out var id)
                ? (Entry.Subject[..match.Index], id, Entry.Subject[(match.Index + match.Length)..])
                : (Entry.Subject, null, "");
        }
    }

    /// <summary>True when the row mentions <paramref name="text"/> in any column a reader sees.</summary>
    public bool Mentions(string text) =>
        new[] { Who, What, Entry.Actor, Entry.Subject, Entry.Outcome }.Any(s => s.Contains(text, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("visit ([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})", RegexOptions.CultureInvariant)]
    private static partial Regex VisitId();
}

using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Web.Features.BreakGlass;

/// <summary>The break-glass settings, section "BreakGlass": the time box Δ_BG every party enforces, and when a review is overdue.</summary>
public sealed class BreakGlassSettings
{
    public const string Section = "BreakGlass";

    public TimeSpan Duration { get; set; } = TimeSpan.FromHours(4);

    public TimeSpan ReviewDue { get; set; } = TimeSpan.FromHours(72);
}

/// <summary>What the doctor fills in on "Emergency access".</summary>
public sealed class BreakGlassForm
{
    public string PatientId { get; set; } = "";

    public string HospitalId { get; set; } = "";

    public string DepartmentId { get; set; } = "";

    public BreakGlassReason Reason { get; set; } = BreakGlassReason.UnconsciousOrUnresponsive;

    public string ReasonText { get; set; } = "";

    /// <summary>The doctor asks for restricted entries too...</summary>
    public bool IncludeRestricted { get; set; }

    /// <summary>... and confirms it a second time; only then does BG_D name restricted data.</summary>
    public bool RestrictedConfirmedAgain { get; set; }

    public ProtocolProfile? Profile { get; set; }
}

/// <summary>A break-glass access as its doctor, the hospital's administrators and the cloud administrators see it.</summary>
public sealed record BreakGlassView(Guid Id, string DoctorId, string PatientId, string HospitalId, string DepartmentId, BreakGlassReason Reason, string ReasonText,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, bool RestrictedConfirmed, int Opens, DateTimeOffset LastOpenedAt, BreakGlassReview Review, string? ReviewedBy,
    DateTimeOffset? ReviewedAt, string? ReviewNote)
{
    public static BreakGlassView From(BreakGlassRecord r) => new(r.Id, r.DoctorId, r.PatientId, r.HospitalId, r.DepartmentId, Enum.Parse<BreakGlassReason>(r.Reason),
        r.ReasonText, r.StartsAt, r.EndsAt, r.RestrictedConfirmed, r.Opens, r.LastOpenedAt, r.Review, r.ReviewedBy, r.ReviewedAt, r.ReviewNote);

    public TimeSpan TimeLeft(DateTimeOffset now) => EndsAt > now ? EndsAt - now : TimeSpan.Zero;

    public DateTimeOffset ReviewDueAt(TimeSpan due) => StartsAt + due;
}

/// <summary>How one break-glass attempt went: the access (when the record was released), in words, and the session's events for the protocol view.</summary>
public sealed record BreakGlassOutcome(Guid? AccessId, bool Succeeded, string Message, IReadOnlyList<EventView> Events);

/// <summary>The reasons in words, for the form and the review queue.</summary>
public static class BreakGlassText
{
    public static string Reason(BreakGlassReason reason) => reason switch
    {
        BreakGlassReason.UnconsciousOrUnresponsive => "Unconscious or unresponsive",
        BreakGlassReason.LifeThreatening => "Life-threatening emergency",
        BreakGlassReason.PatientUnableToConsent => "Patient unable to consent",
        _ => "Other (state the reason)",
    };

    public static string Left(TimeSpan left) => left <= TimeSpan.Zero ? "time box over" : $"{Span(left)} left";

    /// <summary>A period in its two largest units ("3 d", "2 h 30 min", "4 min"); seconds only under a minute, as a test portal's review period may be.</summary>
    public static string Span(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{Math.Max(0, (int)span.TotalSeconds)} s";
        }
        (int Count, string Unit)[] units = [((int)span.TotalDays, "d"), (span.Hours, "h"), (span.Minutes, "min")];
        return string.Join(' ', units.SkipWhile(u => u.Count == 0).Take(2).Where(u => u.Count > 0).Select(u => $"{u.Count} {u.Unit}"));
    }
}

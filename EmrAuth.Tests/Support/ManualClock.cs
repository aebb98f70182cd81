namespace EmrAuth.Tests.Support;

/// <summary>A clock the test moves by hand, for ΔT checks.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ManualClock StartingNow() => new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

namespace EmrAuth.Domain.Attacks;

/// <summary>A clock moved by hand, for ΔT checks: the attack lab's sandbox and the tests use it.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public static ManualClock StartingNow() => new(new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero));

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

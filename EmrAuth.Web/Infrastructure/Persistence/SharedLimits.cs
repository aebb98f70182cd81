namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// Failed sign-ins of one user name (<see cref="AccountLockout"/>), in the database so that every instance on it
/// counts the same. No password and nothing derived from one: the name is what is counted.
/// </summary>
public sealed class SignInFailure
{
    /// <summary><see cref="AccountLockout.Key"/> of the name as typed (normalized; a longer one than any account's hashed).</summary>
    public required string UserName { get; set; }

    /// <summary>Failures since the count last started again.</summary>
    public int Count { get; set; }

    /// <summary>The last failure, UTC ticks (compared in SQL, as the other shared tables do).</summary>
    public long LastTicks { get; set; }

    /// <summary>Until when the name is refused, UTC ticks; in the past (or 0) when it is not locked.</summary>
    public long LockedUntilTicks { get; set; }
}

/// <summary>One sign-up submission (<see cref="SignUpLimiter"/>), kept for the one-hour sliding window.</summary>
public sealed class SignUpSubmission
{
    public long Id { get; set; }

    /// <summary>The client address, or "unknown".</summary>
    public required string Address { get; set; }

    /// <summary>UTC ticks.</summary>
    public long AtTicks { get; set; }
}

/// <summary>
/// The one row every sign-up updates first: its row lock (PostgreSQL) or the write lock it takes (SQLite) makes the
/// count-then-insert of <see cref="SignUpLimiter"/> one at a time across every instance.
/// </summary>
public sealed class SignUpGate
{
    public int Id { get; set; }

    /// <summary>When a sign-up last passed the gate, UTC ticks (what the update writes; nothing reads it).</summary>
    public long LastTicks { get; set; }
}

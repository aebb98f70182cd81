namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>A person who signs in. PartyId is the patient, doctor or hospital the account acts for.</summary>
public sealed class Account
{
    public int Id { get; set; }

    public required string UserName { get; set; }

    public required string PasswordHash { get; set; }

    public required string Role { get; set; }

    public string? PartyId { get; set; }

    public required string DisplayName { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Set while a cloud administrator has disabled the account: it cannot sign in and its sessions end.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    /// <summary>
    /// Changes whenever what a session was issued for stops holding (disabled, role changed); a session whose claim
    /// differs is refused at its next service call.
    /// </summary>
    public string SecurityStamp { get; set; } = NewSecurityStamp();

    public static string NewSecurityStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}

/// <summary>
/// Who did what, to what, when, with what outcome. Append-only and hash-chained: Hash = SHA-256 over the row's
/// canonical encoding and the previous row's hash (EmrAuth.Web.Services.AuditChain), set when the row is saved.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>Position in the chain: 1, 2, 3 … without gaps.</summary>
    public long Sequence { get; set; }

    /// <summary>The hash of the row at Sequence − 1 (32 zero bytes for the first row).</summary>
    public byte[] PreviousHash { get; set; } = [];

    public byte[] Hash { get; set; } = [];

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    public required string Outcome { get; set; }

    /// <summary>The patient the entry concerns, so a patient can see who read their records.</summary>
    public string? PatientId { get; set; }
}

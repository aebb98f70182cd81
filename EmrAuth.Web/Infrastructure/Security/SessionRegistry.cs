using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// Server-side check of sign-in sessions, so that signing out ends the session everywhere and not only in the
/// browser that clicked: a copied cookie is refused after logout. Every session carries an id bound to this
/// process's start; sessions from before a restart are refused too (a restart also interrupts running visits),
/// which is why the list of signed-out sessions can live in memory. A session also ends after
/// <see cref="AbsoluteLifetime"/>, however active.
/// </summary>
public sealed class SessionRegistry(TimeProvider clock)
{
    public const string SessionClaim = "emrauth:session";
    public const string SignedInClaim = "emrauth:signed-in";

    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    private readonly string _bootId = Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _signedOut = new();

    /// <summary>The claims a new session carries.</summary>
    public IEnumerable<Claim> NewSessionClaims() =>
    [
        new(SessionClaim, $"{_bootId}:{Guid.NewGuid():N}"),
        new(SignedInClaim, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
    ];

    public bool IsValid(ClaimsPrincipal? user)
    {
        var session = user?.FindFirstValue(SessionClaim);
        if (session is null || !session.StartsWith(_bootId + ":", StringComparison.Ordinal) || _signedOut.ContainsKey(session))
        {
            return false;
        }
        return long.TryParse(user!.FindFirstValue(SignedInClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedIn) < AbsoluteLifetime;
    }

    public void SignOut(ClaimsPrincipal user)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in _signedOut.Where(s => s.Value < now).Select(s => s.Key).ToList())
        {
            _signedOut.TryRemove(stale, out _);
        }
        if (user.FindFirstValue(SessionClaim) is { } session)
        {
            _signedOut[session] = now + AbsoluteLifetime;
        }
    }
}

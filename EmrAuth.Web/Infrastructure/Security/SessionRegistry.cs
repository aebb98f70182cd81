using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// Server-side check of sign-in sessions, so that signing out ends the session everywhere and not only in the
/// browser that clicked: a copied cookie is refused after logout. Every session carries an id bound to this
/// process's start; sessions from before a restart are refused too (a restart also interrupts running visits),
/// which is why the list of signed-out sessions can live in memory. A session also ends after
/// <see cref="AbsoluteLifetime"/>, however active.
/// </summary>
/// <remarks>
/// With several instances on PostgreSQL (docs/postgresql.md#several-instances) any instance may serve a session, so
/// sessions are bound to the deployment rather than to one process's start, and the signed-out list is kept in the
/// shared store of remembered digests (scope <see cref="SignedOutScope"/>, SHA-256 of the session id, until the
/// session's lifetime has passed): signing out on one instance ends the session on all of them, restarts included.
/// </remarks>
public sealed class SessionRegistry(TimeProvider clock, InstanceLinks? links = null)
{
    public const string SessionClaim = "emrauth:session";
    public const string SignedInClaim = "emrauth:signed-in";

    /// <summary>The shared store's scope for signed-out sessions (no party has this role).</summary>
    public const string SignedOutScope = "SignedOutSession";

    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(8);

    private readonly IReplayStore? _shared = links?.Replay;
    private readonly string _bootId = links?.Replay is null ? Guid.NewGuid().ToString("N") : "deployment";
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
        if (session is null || !session.StartsWith(_bootId + ":", StringComparison.Ordinal) || IsSignedOut(session))
        {
            return false;
        }
        return long.TryParse(user!.FindFirstValue(SignedInClaim), NumberStyles.None, CultureInfo.InvariantCulture, out var signedIn)
            && clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(signedIn) < AbsoluteLifetime;
    }

    public void SignOut(ClaimsPrincipal user)
    {
        var now = clock.GetUtcNow();
        if (_shared is not null)
        {
            if (user.FindFirstValue(SessionClaim) is { } ended)
            {
                _shared.TryRemember(SignedOutScope, SHA256.HashData(Encoding.UTF8.GetBytes(ended)), now + AbsoluteLifetime, now);
            }
            return;
        }
        foreach (var stale in _signedOut.Where(s => s.Value < now).Select(s => s.Key).ToList())
        {
            _signedOut.TryRemove(stale, out _);
        }
        if (user.FindFirstValue(SessionClaim) is { } session)
        {
            _signedOut[session] = now + AbsoluteLifetime;
        }
    }

    private bool IsSignedOut(string session) => _shared is null
        ? _signedOut.ContainsKey(session)
        : _shared.Contains(SignedOutScope, SHA256.HashData(Encoding.UTF8.GetBytes(session)), clock.GetUtcNow());
}

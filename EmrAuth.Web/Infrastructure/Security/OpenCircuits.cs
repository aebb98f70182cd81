using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// Every open circuit by its account and session, so that disabling an account, changing its role, revoking a
/// doctor's certificate or signing out ends that account's (or session's) circuits at once rather than at the next
/// two-minute revalidation.
/// </summary>
public sealed class OpenCircuits
{
    private sealed record Entry(int AccountId, string? SessionId, string Role, Action End);

    private readonly ConcurrentDictionary<object, Entry> _open = new();

    public OpenCircuits(VisitHub hub, AccountAccess access)
    {
        // A revoked Cert_D is announced as a registry change; doctors' circuits are checked again then.
        hub.RegistryChanged += what =>
        {
            if (what == "certificates")
            {
                _ = EndRefusedDoctorsAsync(access);
            }
        };
    }

    /// <summary>How many circuits are open for <paramref name="accountId"/>.</summary>
    public int CountFor(int accountId) => _open.Values.Count(e => e.AccountId == accountId);

    internal void Add(object circuit, ClaimsPrincipal user, Action end)
    {
        if (user.ToSignedInUser() is { IsSystem: false } signedIn)
        {
            _open[circuit] = new Entry(signedIn.AccountId, user.FindFirstValue(SessionRegistry.SessionClaim), signedIn.Role, end);
        }
    }

    internal void Remove(object circuit) => _open.TryRemove(circuit, out _);

    /// <summary>Ends every circuit of the account.</summary>
    public void EndAccount(int accountId) => End(e => e.AccountId == accountId);

    /// <summary>Ends every circuit of one sign-in session (every tab of that browser).</summary>
    public void EndSession(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(SessionRegistry.SessionClaim) is { } session)
        {
            End(e => e.SessionId == session);
        }
    }

    private async Task EndRefusedDoctorsAsync(AccountAccess access)
    {
        foreach (var entry in _open.Values.Where(e => e.Role == Roles.Doctor).ToList())
        {
            if (await access.DoctorRevokedAsync(entry.AccountId))
            {
                End(e => ReferenceEquals(e, entry));
            }
        }
    }

    private void End(Func<Entry, bool> which)
    {
        foreach (var (circuit, entry) in _open.Where(o => which(o.Value)).ToList())
        {
            _open.TryRemove(circuit, out _);
            entry.End();
        }
    }
}

/// <summary>Registers each circuit in <see cref="OpenCircuits"/> while it is open, and notes its client address (one instance per circuit).</summary>
internal sealed class CircuitTracker(OpenCircuits circuits, AuthenticationStateProvider authentication, ClientAddress client,
    IHttpContextAccessor http) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The circuit opens within its SignalR connection's request; its address is the client's (for sign-up limits).
        client.Value ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (authentication is AccountRevalidatingStateProvider provider)
        {
            circuits.Add(circuit, user, provider.EndSession);
        }
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        circuits.Remove(circuit);
        return Task.CompletedTask;
    }
}

using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// Every Visits:SweepInterval, ends the visits whose sealed state outlived Visits:SealedStateLifetime and erases that
/// state (<see cref="VisitService.InterruptUnfinishedAsync"/>), so no session key waits in the database longer than
/// configured even if nobody opens the visit again. Every instance sweeps; a row two of them race for is ended once.
/// </summary>
public sealed class SealedStateSweep(IServiceScopeFactory scopes, IOptions<VisitOptions> options, ILogger<SealedStateSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var system = SystemActor.CreateScope(scopes, PortalInitializer.Actor, Roles.CloudAdmin);
                var ended = await system.ServiceProvider.GetRequiredService<VisitService>().InterruptUnfinishedAsync();
                if (ended > 0)
                {
                    logger.LogInformation("Ended {Count} visits whose sealed state expired", ended);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The sealed visit state sweep failed; it runs again at the next interval");
            }
        }
    }
}

namespace EmrAuth.Web.Components.Shared;

/// <summary>How an action went, for the alert or the field next to the button.</summary>
public sealed record ActionFeedback(bool Succeeded, string Message, string? Field = null)
{
    public static readonly ActionFeedback Done = new(true, "");
}

/// <summary>
/// Runs a page's service call and turns every way it can end into words for the person: done, a refusal by the
/// service (<see cref="AccessDeniedException"/>, already audited there), bad input for a field, or a logged failure.
/// The services decide who may do what; pages only show the answer.
/// </summary>
public static class PageActions
{
    /// <summary>The user-facing text of an action that failed unexpectedly; never an exception's internals.</summary>
    public const string Unexpected = "Something went wrong on the server. Nothing was sent; please try again.";

    public static async Task<ActionFeedback> RunAsync(Func<Task> action, ILogger logger, string done = "")
    {
        try
        {
            await action();
            return done.Length == 0 ? ActionFeedback.Done : new ActionFeedback(true, done);
        }
        catch (PortalValidationException e)
        {
            return new ActionFeedback(false, e.Message, e.Field);
        }
        catch (AccessDeniedException e)
        {
            return new ActionFeedback(false, e.Message);
        }
        catch (Exception e)
        {
            logger.LogError(e, "A page action failed unexpectedly");
            return new ActionFeedback(false, Unexpected);
        }
    }

    /// <summary>A visit action: its own result when it ran, otherwise why it did not.</summary>
    public static async Task<ActionFeedback> RunAsync(Func<Task<VisitActionResult>> action, ILogger logger)
    {
        VisitActionResult? result = null;
        var feedback = await RunAsync(async () => { result = await action(); }, logger);
        return result is null ? feedback : new ActionFeedback(result.Succeeded, result.Message);
    }
}

using Microsoft.Extensions.Logging.Abstractions;

namespace EmrAuth.Tests.Web.Components.Shared;

public sealed class PageActionsTests
{
    [Fact]
    public async Task A_refusal_becomes_its_message()
    {
        var feedback = await PageActions.RunAsync(() => Task.FromException(new AccessDeniedException("This visit is not yours.")), NullLogger.Instance);

        Assert.Equal(new ActionFeedback(false, "This visit is not yours."), feedback);
    }

    [Fact]
    public async Task Bad_input_names_its_field_and_an_unexpected_failure_shows_no_internals()
    {
        Assert.Equal(new ActionFeedback(false, "Too long.", "text"),
            await PageActions.RunAsync(() => throw new PortalValidationException("text", "Too long."), NullLogger.Instance));
        Assert.Equal(new ActionFeedback(false, PageActions.Unexpected),
            await PageActions.RunAsync(() => throw new InvalidOperationException("connection string leaked"), NullLogger.Instance));
        Assert.Equal(new ActionFeedback(true, "Saved."), await PageActions.RunAsync(() => Task.CompletedTask, NullLogger.Instance, "Saved."));
    }

    [Fact]
    public async Task A_visit_action_reports_its_own_result_or_why_it_did_not_run()
    {
        Assert.Equal(new ActionFeedback(false, "Stopped at Eq. 15."),
            await PageActions.RunAsync(() => Task.FromResult(new VisitActionResult(false, "Stopped at Eq. 15.")), NullLogger.Instance));
        Assert.Equal(new ActionFeedback(false, "You are not signed in."),
            await PageActions.RunAsync(() => Task.FromException<VisitActionResult>(new AccessDeniedException("You are not signed in.")), NullLogger.Instance));
    }
}

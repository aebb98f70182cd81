using Microsoft.AspNetCore.Antiforgery;

namespace EmrAuth.Web.Features.Setup;

/// <summary>POST /setup: the static form of <c>SetupPage</c> creates the first cloud administrator with the setup token.</summary>
public static class SetupEndpoints
{
    public static IEndpointRouteBuilder MapSetupEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Order -1: the Razor page at the same path also accepts POST; this endpoint takes it (as the sign-in does).
        endpoints.MapPost(FirstAdminSetup.Path, SetupAsync)
            .AllowAnonymous()
            .DisableAntiforgery() // validated below, after the form was read safely
            .RequireRateLimiting(SecurityServices.LoginRateLimitPolicy)
            .WithOrder(-1)
            .WithName("FirstAdminSetup");
        return endpoints;
    }

    private static async Task<IResult> SetupAsync(HttpContext http, IAntiforgery antiforgery, FirstAdminSetup setup, CancellationToken cancellationToken)
    {
        if (await FormReading.ReadFormOrNullAsync(http.Request, cancellationToken) is not { } form)
        {
            return Results.BadRequest();
        }
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Redirect(FirstAdminSetup.Path + "?problem=expired");
        }
        var problem = await setup.CreateAdministratorAsync(form["token"], form["userName"].ToString(), form["password"].ToString(), form["displayName"].ToString());
        return problem is null
            ? Results.Redirect(RoleHome.LoginPath + "?setup=1")
            : Results.Redirect(FirstAdminSetup.Path + "?problem=" + Uri.EscapeDataString(problem.Field));
    }
}

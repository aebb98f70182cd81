using System.Security.Claims;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>Where each role lands after signing in.</summary>
public static class RoleHome
{
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string DeniedPath = "/account/denied";

    /// <summary>The home page of <paramref name="role"/>, or the login page for an unknown role.</summary>
    public static string For(string? role) => role switch
    {
        Roles.Patient => "/patient",
        Roles.Doctor => "/doctor",
        Roles.HospitalAdmin => "/hospital",
        Roles.CloudAdmin => "/cloud",
        _ => LoginPath,
    };

    /// <summary>The role as people say it: "Hospital administrator" rather than HospitalAdmin.</summary>
    public static string Label(string? role) => role switch
    {
        Roles.Patient => "Patient",
        Roles.Doctor => "Doctor",
        Roles.HospitalAdmin => "Hospital administrator",
        Roles.CloudAdmin => "Cloud administrator",
        _ => role ?? "",
    };

    /// <summary>The home page of the signed-in user's role (the first known role if, unexpectedly, there are several).</summary>
    public static string For(ClaimsPrincipal user) =>
        For(Roles.All.FirstOrDefault(user.IsInRole));

    /// <summary>
    /// True for a path on this site ("/x", "~/x"), false for anything a browser could take to another origin
    /// ("//evil", "/\evil", "http://…", control characters). The same rules as ASP.NET Core's IsLocalUrl.
    /// </summary>
    public static bool IsLocalUrl(string? url)
    {
        if (string.IsNullOrEmpty(url))
        {
            return false;
        }

        if (url.Any(char.IsControl))
        {
            return false;
        }

        if (url[0] == '/')
        {
            // "/" alone, or "/x" where x is neither '/' nor '\'.
            return url.Length == 1 || (url[1] != '/' && url[1] != '\\');
        }

        if (url.Length > 1 && url[0] == '~' && url[1] == '/')
        {
            return url.Length == 2 || (url[2] != '/' && url[2] != '\\');
        }

        return false;
    }

    /// <summary>
    /// Where to go after signing in: <paramref name="returnUrl"/> when it is a local page other than the account
    /// pages and the root, else the role's home.
    /// </summary>
    public static string AfterSignIn(ClaimsPrincipal user, string? returnUrl)
    {
        if (IsLocalUrl(returnUrl))
        {
            var path = returnUrl!.StartsWith('~') ? returnUrl[1..] : returnUrl;
            if (path != "/" && !path.StartsWith("/account/", StringComparison.OrdinalIgnoreCase))
            {
                return path;
            }
        }

        return For(user);
    }
}

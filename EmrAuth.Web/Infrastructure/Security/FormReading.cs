namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>Reading a posted form without letting a malformed body (bad multipart boundary, truncated section) become a 500.</summary>
public static class FormReading
{
    /// <summary>The form, or null when the request has no form content type or its body is malformed.</summary>
    public static async Task<IFormCollection?> ReadFormOrNullAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!request.HasFormContentType)
        {
            return null;
        }
        try
        {
            return await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception e) when (IsMalformedBody(request.HttpContext, e))
        {
            return null;
        }
    }

    /// <summary>
    /// What ASP.NET Core throws for a body it cannot parse as the form it claims to be: InvalidDataException (bad
    /// boundary or section), BadHttpRequestException (limits), IOException (a multipart body that ends early), unless
    /// the client went away.
    /// </summary>
    public static bool IsMalformedBody(HttpContext http, Exception e) =>
        !http.RequestAborted.IsCancellationRequested
        && e is InvalidDataException or BadHttpRequestException or IOException;
}

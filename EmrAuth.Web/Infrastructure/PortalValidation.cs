using System.Text.RegularExpressions;

namespace EmrAuth.Web.Infrastructure;

/// <summary>Bad input from a form: which field, and what is wrong, in words for the person who typed it.</summary>
public sealed class PortalValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The portal's rules for what people type.</summary>
public static partial class PortalValidation
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,31}$")]
    private static partial Regex IdentityPattern();

    /// <summary>Party identities (ID_P, ID_D, ID_HPC, ID_DE): 3–32 lower-case letters, digits or hyphens.</summary>
    public static string Identity(string field, string? value)
    {
        var trimmed = value?.Trim() ?? "";
        return IdentityPattern().IsMatch(trimmed)
            ? trimmed
            : throw new PortalValidationException(field, "Use 3 to 32 lower-case letters, digits or hyphens, starting with a letter or digit.");
    }

    /// <summary>Whether a value from a URL can name a party at all, for lookups that answer "not found" rather than a field error.</summary>
    public static bool IsIdentity(string? value) => value is not null && IdentityPattern().IsMatch(value);

    public static string Text(string field, string? value, int maxLength, int minLength = 1)
    {
        var trimmed = value?.Trim() ?? "";
        if (trimmed.Length < minLength)
        {
            throw new PortalValidationException(field, minLength == 1 ? "This field is required." : $"Enter at least {minLength} characters.");
        }
        return trimmed.Length <= maxLength ? trimmed : throw new PortalValidationException(field, $"Keep this under {maxLength} characters.");
    }
}

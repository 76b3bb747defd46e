using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Accounts;

/// <summary>The <c>Auth</c> section: how people sign in, and the first admin's password (docs/adr/0006).</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    /// <summary>The shortest password accepted, the initial one included (length rather than character classes).</summary>
    public const int MinimumPasswordLength = 12;

    /// <summary><c>accounts</c> (default): sign-in and tokens. <c>none</c>: no accounts, for a single-user laptop only.</summary>
    [RegularExpression("^(?i:accounts|none)$", ErrorMessage = "set 'accounts' (default) or 'none' (a single-user laptop only).")]
    public string Mode { get; set; } = "accounts";

    /// <summary>The first admin's password; empty to have a strong one generated and written to DATA_DIRECTORY/initial-admin-password.</summary>
    public string? InitialAdminPassword { get; set; }

    public bool AccountsOff => string.Equals(Mode, "none", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Checks the initial password without ever repeating it (the usual settings message quotes the value).</summary>
internal sealed class AuthSettingsValidator : IValidateOptions<AuthSettings>
{
    public ValidateOptionsResult Validate(string? name, AuthSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.InitialAdminPassword is { Length: > 0 and < AuthSettings.MinimumPasswordLength }
            ? ValidateOptionsResult.Fail(
                $"Auth:InitialAdminPassword is shorter than {AuthSettings.MinimumPasswordLength} characters; set a longer one, or leave it empty to have one generated.")
            : ValidateOptionsResult.Success;
    }
}

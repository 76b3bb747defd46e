using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Hosting;

/// <summary>
/// Settings as options: bound from their configuration section when first read (so settings a test
/// host or the command line adds later are the ones in force), checked once at start, and a wrong
/// value stops start-up with a line that names the key.
/// </summary>
public static class SettingsExtensions
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/>, validates its DataAnnotations
    /// at start with messages that name the key (<c>Cleanup:SweepInterval is '00:00:00'; …</c>), and
    /// registers the bound value as <typeparamref name="T"/> for consumers that take the settings
    /// themselves rather than <see cref="IOptions{T}"/>.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section));
        services.TryAddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// Binds and checks every setting now, before a verb runs or the host starts, and turns a wrong
    /// one into a <see cref="StartupProblemException"/> that names the key (Program.cs logs it as one line).
    /// </summary>
    public static WebApplication ValidateAbStudioSettings(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _ = HostRoles.From(app.Configuration);
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new StartupProblemException(e.Message, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            throw new StartupProblemException(string.Join("; ", e.InnerExceptions.Select(inner => inner.Message)), e);
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the key and the type: "Failed to convert configuration
            // value '…' at 'Cleanup:SweepInterval' to type 'System.TimeSpan'."
            throw new StartupProblemException(e.Message, e);
        }

        return app;
    }

    /// <summary>One failure line: the key, its value and the rule it breaks.</summary>
    public static string Problem(string section, string member, object? value, string rule) =>
        string.Create(CultureInfo.InvariantCulture, $"{section}:{member} is '{value}'; {rule}");
}

/// <summary>Checks a settings class's DataAnnotations and names each failure by its configuration key.</summary>
internal sealed class SectionValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        var failures = results.SelectMany(result => result.MemberNames.DefaultIfEmpty("").Select(member =>
            SettingsExtensions.Problem(section, member, typeof(T).GetProperty(member)?.GetValue(options), result.ErrorMessage ?? "not allowed")));
        return ValidateOptionsResult.Fail(failures);
    }
}

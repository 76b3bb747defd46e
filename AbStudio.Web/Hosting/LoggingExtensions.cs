using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace AbStudio.Web.Hosting;

public static class LoggingExtensions
{
    /// <summary>
    /// A logger for the moments before the host is built (and for start-up problems), in the same
    /// compact JSON shape as the host's own (with the rendered message, so a person can read it too).
    /// A plain logger, not Serilog's reloadable bootstrap logger: that one can be frozen only once
    /// per process, and the tests start many hosts in one process.
    /// </summary>
    public static void CreateBootstrapLogger() =>
        Log.Logger = new LoggerConfiguration()
            .Enrich.FromLogContext()
            .WriteTo.Console(new RenderedCompactJsonFormatter())
            .CreateLogger();

    /// <summary>
    /// Serilog from configuration (levels, overrides, enrichers), writing compact JSON to the console
    /// and to a daily rolling file under DATA_DIRECTORY/logs.
    /// </summary>
    /// <param name="builder">The host being built.</param>
    /// <param name="toStandardError">For verbs: logs go to stderr so stdout carries only the verb's output.</param>
    public static WebApplicationBuilder AddAbStudioLogging(this WebApplicationBuilder builder, bool toStandardError = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSerilog((services, logger) => ConfigureLogger(services, logger, toStandardError));
        return builder;
    }

    private static void ConfigureLogger(IServiceProvider services, LoggerConfiguration logger, bool toStandardError)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var logDirectory = Path.Combine(services.GetRequiredService<IOptions<StorageSettings>>().Value.ResolveDataDirectory(), "logs");
        logger
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Application", "AbStudio")
            .WriteTo.Console(new RenderedCompactJsonFormatter(), standardErrorFromLevel: toStandardError ? Serilog.Events.LogEventLevel.Verbose : null)
            .WriteTo.File(
                new RenderedCompactJsonFormatter(),
                Path.Combine(logDirectory, "abstudio-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14,
                fileSizeLimitBytes: 100L * 1024 * 1024,
                rollOnFileSizeLimit: true);
    }

    /// <summary>One structured event per request, carrying the request id so related lines can be joined.</summary>
    public static WebApplication UseAbStudioRequestLogging(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseSerilogRequestLogging(options =>
            options.EnrichDiagnosticContext = (diagnostics, http) =>
            {
                diagnostics.Set("RequestId", http.TraceIdentifier);
                diagnostics.Set("ClientAddress", http.Connection.RemoteIpAddress?.ToString() ?? "");
            });
        return app;
    }
}

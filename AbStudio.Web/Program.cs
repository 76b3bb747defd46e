using AbStudio.Web.Api;
using AbStudio.Web.Features.Accounts;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Hosting;
using Serilog;

// Composition only: each Add…/Map… lives in Hosting/ (which composes the Features/<Name>/<Name>Slice.cs files) and says what it wires.
LoggingExtensions.CreateBootstrapLogger();
try
{
    var verb = CommandLineVerb.Parse(args);
    if (!verb.RequiresHost)
    {
        return verb.RunWithoutHost();
    }

    // The content root is the app's own folder (appsettings.json, DemoData, scripts) wherever it is
    // started; relative paths given on the command line resolve against the folder it was started in.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = verb.HostArguments, ContentRootPath = AppContext.BaseDirectory });
    builder.AddAbStudioLogging(toStandardError: verb.Name is not null)
        .AddAbStudioPersistence()
        .AddAbStudioHealth()
        .AddAbStudioMetrics()
        .AddAbStudioFeatures()
        .AddAbStudioRealtime()
        .AddAbStudioJobs()
        .AddAbStudioUi()
        .AddAbStudioApi();

    var app = builder.Build().ValidateAbStudioSettings();
    if (verb.Name is not null)
    {
        return await verb.RunAsync(app);
    }

    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
    await app.Services.GetRequiredService<DemoDatasetSeeder>().SeedAsync();
    await app.EnsureInitialAdminAsync();
    app.UseAbStudioRequestLogging();
    app.UseAbStudioSecurityHeaders();
    app.MapAbStudioHealth();
    app.MapAbStudioMetrics();
    app.UseAbStudioJobs();
    if (HostRoles.From(app.Configuration).ServesUsers())
    {
        app.MapAbStudioRealtime();
        app.MapAbStudioUi();
        app.MapAccounts();
        app.MapAbStudioApi().MapAbStudioFeatures();
    }

    // After the console's and the API's error handling, so a refusal gets their problem body or page.
    app.UseAbStudioAuthorization();
    await app.RunAsync();
    return 0;
}
catch (StartupProblemException problem)
{
    // One line that says what to fix; the stack trace would only bury it.
    Log.Fatal("AbStudio cannot start: {Problem:l}", problem.Message);
    return 1;
}
finally
{
    await Log.CloseAndFlushAsync();
}

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

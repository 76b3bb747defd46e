using AbStudio.Domain.Jobs;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Jobs;
using Coravel;

namespace AbStudio.Web.Hosting;

public static class JobsExtensions
{
    /// <summary>The durable queue, and (on hosts that do background work) its dispatcher on Coravel.</summary>
    public static WebApplicationBuilder AddAbStudioJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // The policy checks itself (JobRetryPolicy.Validate); a wrong value stops start-up naming Jobs:Retry.
        builder.Services.AddSettings<JobRetryPolicy>("Jobs:Retry").Validate(Valid, "Jobs:Retry is not a valid retry policy (BaseDelay > 0, MaxDelay >= BaseDelay, Jitter 0-1, MaxAttempts >= 1).");
        builder.Services.AddSettings<JobDispatcherOptions>(JobDispatcherOptions.Section);
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<JobTypes>();
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddSingleton<DispatchNudge>();
        builder.Services.AddTransient<DispatchJobsInvocable>();
        builder.Services.AddTransient<ReapExpiredLeasesInvocable>();
        builder.Services.AddScheduler();
        builder.Services.AddQueue();
        return builder;
    }

    private static bool Valid(JobRetryPolicy policy)
    {
        try
        {
            policy.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Starts dispatching on hosts whose role runs background work (all, worker).</summary>
    public static WebApplication UseAbStudioJobs(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!HostRoles.From(app.Configuration).RunsBackgroundWork())
        {
            return app;
        }

        app.Services.UseScheduler(scheduler =>
        {
            scheduler.Schedule<DispatchJobsInvocable>().EverySeconds(2).PreventOverlapping(nameof(DispatchJobsInvocable));
            scheduler.Schedule<ReapExpiredLeasesInvocable>().EveryFifteenSeconds().PreventOverlapping(nameof(ReapExpiredLeasesInvocable));
            // Whole minutes, 1 to 59 (a cron step): the sweep is cheap and TTLs are hours or days.
            var minutes = (int)Math.Clamp(app.Services.GetRequiredService<CollectionCleanupOptions>().SweepInterval.TotalMinutes, 1, 59);
            scheduler.Schedule<SweepExpiredCollectionsInvocable>().Cron($"*/{minutes} * * * *").PreventOverlapping(nameof(SweepExpiredCollectionsInvocable));
        });
        return app;
    }
}

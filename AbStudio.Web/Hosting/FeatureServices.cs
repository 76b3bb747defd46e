using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Lifecycle;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Results;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.AbTests.Designer;
using AbStudio.Web.Features.Admin;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Exports;
using AbStudio.Web.Features.Jobs;
using AbStudio.Web.Features.Overview;
using AbStudio.Web.Features.Results;
using AbStudio.Web.Features.Runs;
using AbStudio.Web.Jobs;

namespace AbStudio.Web.Hosting;

public static class FeatureServices
{
    /// <summary>The use-case services of every feature slice; each opens its own DbContext per call.</summary>
    public static WebApplicationBuilder AddAbStudioFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<OverviewService>();

        // The console's confirm-then-delete; scoped like the dialog service it opens.
        builder.Services.AddScoped<Components.Shared.DeletionPrompt>();
        builder.Services.AddScoped<JobActions>();
        builder.Services.AddScoped<SystemStatusService>();

        var importLimits = builder.Configuration.GetSection(DatasetImportLimits.Section).Get<DatasetImportLimits>() ?? new DatasetImportLimits();
        builder.Services.AddSingleton(importLimits);
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(DatasetUploadLimits.Section).Get<DatasetUploadLimits>() ?? new DatasetUploadLimits());
        builder.Services.AddSingleton<DatasetsService>();
        builder.Services.AddSingleton<JobsService>();
        builder.Services.AddSingleton<DemoDatasetSeeder>();
        builder.Services.AddSingleton<RunCorpusLoader>();
        builder.Services.AddJobType<BuildCollectionJob>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CollectionPlanner>();
        builder.Services.AddSingleton<CollectionsService>();
        builder.Services.AddSingleton<CollectionsQueries>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(CollectionCleanupOptions.Section).Get<CollectionCleanupOptions>() ?? new CollectionCleanupOptions());
        builder.Services.AddSingleton<CollectionCleanup>();
        builder.Services.AddTransient<SweepExpiredCollectionsInvocable>();

        // Tests and runs: planning, the run job and reading results back.
        builder.Services.AddSingleton(services =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            return new EmbeddingCatalog(LocalModelWarmup.ModelsDirectory(configuration), EmbeddingConfiguration.Servers(configuration), services.GetRequiredService<ILoggerFactory>());
        });
        builder.Services.AddSingleton<Func<ArmRetrieverFactory>>(services => () => new ArmRetrieverFactory(
            services.GetRequiredService<IVectorStore>(), services.GetRequiredService<EmbeddingCatalog>()));
        builder.Services.AddSingleton<TestLifecycle>();
        builder.Services.AddSingleton<IStatusObserver>(services => services.GetRequiredService<Realtime.StatusNotifier>());
        builder.Services.AddSingleton<RunExecutor>();
        builder.Services.AddSingleton<RunResultsReader>();
        builder.Services.AddSingleton<QueryComparison>();
        builder.Services.AddSingleton<QueryDrillDown>();
        builder.Services.AddSingleton<ResultsQueries>();
        builder.Services.AddJobType<ExecuteRunJob>();
        builder.Services.AddSingleton<TestsService>();
        builder.Services.AddSingleton<TestsQueries>();
        builder.Services.AddSingleton<RunsService>();
        builder.Services.AddSingleton<CollectionsPreview>();
        builder.Services.AddSingleton<ExportsService>();
        if (HostRoles.From(builder.Configuration).RunsBackgroundWork())
        {
            // Only hosts that build collections need the local models.
            builder.Services.AddHostedService<LocalModelWarmup>();
        }
        return builder;
    }
}

using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Datasets.Import;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Features.Admin;
using AbStudio.Web.Features.Collections;
using AbStudio.Web.Features.Datasets;
using AbStudio.Web.Features.Jobs;
using AbStudio.Web.Features.Overview;

namespace AbStudio.Web.Hosting;

public static class FeatureServices
{
    /// <summary>The use-case services of every feature slice; each opens its own DbContext per call.</summary>
    public static WebApplicationBuilder AddAbStudioFeatures(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddScoped<OverviewService>();
        builder.Services.AddScoped<SystemStatusService>();

        var importLimits = builder.Configuration.GetSection(DatasetImportLimits.Section).Get<DatasetImportLimits>() ?? new DatasetImportLimits();
        builder.Services.AddSingleton(importLimits);
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(DatasetUploadLimits.Section).Get<DatasetUploadLimits>() ?? new DatasetUploadLimits());
        builder.Services.AddSingleton<DatasetsService>();
        builder.Services.AddSingleton<JobsService>();
        builder.Services.AddSingleton<DemoDatasetSeeder>();
        builder.Services.AddSingleton<RunCorpusLoader>();
        builder.Services.AddSingleton<BuildCollectionJob>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<CollectionPlanner>();
        builder.Services.AddSingleton<CollectionsService>();
        if (HostRoles.From(builder.Configuration).RunsBackgroundWork())
        {
            // Only hosts that build collections need the local models.
            builder.Services.AddHostedService<LocalModelWarmup>();
        }
        return builder;
    }
}

using AbStudio.Domain.Datasets.Import;

namespace AbStudio.Web.Features.Datasets;

/// <summary>Datasets: import (API, console, <c>import</c> verb), the demo dataset, and <c>/api/v1/datasets</c>.</summary>
public static class DatasetsSlice
{
    public static WebApplicationBuilder AddDatasets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var importLimits = builder.Configuration.GetSection(DatasetImportLimits.Section).Get<DatasetImportLimits>() ?? new DatasetImportLimits();
        builder.Services.AddSingleton(importLimits);
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSingleton(builder.Configuration.GetSection(DatasetUploadLimits.Section).Get<DatasetUploadLimits>() ?? new DatasetUploadLimits());
        builder.Services.AddSingleton<DatasetsService>();
        builder.Services.AddSingleton<DemoDatasetSeeder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDatasets(this IEndpointRouteBuilder api)
    {
        api.MapDatasetsApi();
        return api;
    }
}

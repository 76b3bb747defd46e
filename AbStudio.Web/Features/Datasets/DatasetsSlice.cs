using AbStudio.Domain.Datasets.Import;
using AbStudio.Web.Hosting;
using Microsoft.Extensions.Options;

namespace AbStudio.Web.Features.Datasets;

/// <summary>Datasets: import (API, console, <c>import</c> verb), the demo dataset, and <c>/api/v1/datasets</c>.</summary>
public static class DatasetsSlice
{
    public static WebApplicationBuilder AddDatasets(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSettings<DatasetImportLimits>(DatasetImportLimits.Section);
        builder.Services.AddSingleton<IValidateOptions<DatasetImportLimits>, DatasetImportLimitsValidator>();
        builder.Services.AddSingleton<DatasetImporter>();
        builder.Services.AddSettings<DatasetUploadLimits>(DatasetUploadLimits.Section);
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

/// <summary>
/// Every import limit is positive (the limits class lives in the engine, which has no DataAnnotations;
/// the rules are here, named by key).
/// </summary>
internal sealed class DatasetImportLimitsValidator : IValidateOptions<DatasetImportLimits>
{
    public ValidateOptionsResult Validate(string? name, DatasetImportLimits options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (string Member, long Value)[] limits =
        [
            (nameof(options.MaxFileBytes), options.MaxFileBytes),
            (nameof(options.MaxDocumentChars), options.MaxDocumentChars),
            (nameof(options.MaxDocuments), options.MaxDocuments),
            (nameof(options.MaxLineBytes), options.MaxLineBytes),
            (nameof(options.MaxErrors), options.MaxErrors),
        ];
        var failures = limits.Where(l => l.Value <= 0)
            .Select(l => SettingsExtensions.Problem(DatasetImportLimits.Section, l.Member, l.Value, "set a positive number."))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

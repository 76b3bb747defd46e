using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Web.Jobs;

namespace AbStudio.Web.Features.Runs;

/// <summary>Runs: the run job, and <c>/api/v1/runs</c> (starting and scheduling are the lifecycle's, in the AbTests slice).</summary>
public static class RunsSlice
{
    public static WebApplicationBuilder AddRuns(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<RunCorpusLoader>();
        builder.Services.AddSingleton<Func<ArmRetrieverFactory>>(services => () => new ArmRetrieverFactory(
            services.GetRequiredService<IVectorStore>(), services.GetRequiredService<EmbeddingCatalog>()));
        builder.Services.AddSingleton<RunExecutor>();
        builder.Services.AddJobType<ExecuteRunJob>();
        builder.Services.AddSingleton<RunsService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder api)
    {
        api.MapRunsApi();
        return api;
    }
}

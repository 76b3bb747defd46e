using AbStudio.Domain.Collections.Storage;
using AbStudio.Domain.Embeddings;
using AbStudio.Domain.Runs.Execution;
using AbStudio.Domain.Runs.Planning;

namespace AbStudio.Web.Features.Runs;

/// <summary>Runs: planning and scheduling, the run job, and <c>/api/v1/runs</c>.</summary>
public static class RunsSlice
{
    public static WebApplicationBuilder AddRuns(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<RunCorpusLoader>();
        builder.Services.AddSingleton<Func<ArmRetrieverFactory>>(services => () => new ArmRetrieverFactory(
            services.GetRequiredService<IVectorStore>(), services.GetRequiredService<EmbeddingCatalog>()));
        builder.Services.AddSingleton<RunScheduler>();
        builder.Services.AddSingleton<RunPlanner>();
        builder.Services.AddSingleton<RunExecutor>();
        builder.Services.AddSingleton<ExecuteRunJob>();
        builder.Services.AddSingleton<RunsService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRuns(this IEndpointRouteBuilder api)
    {
        api.MapRunsApi();
        return api;
    }
}

namespace AbStudio.Web.Features.Jobs;

/// <summary>
/// The jobs console and <c>/api/v1/jobs</c>: list, inspect, retry and cancel. The queue and its
/// dispatcher themselves are registered by Hosting/JobsExtensions.cs.
/// </summary>
public static class JobsSlice
{
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<JobsService>();
        builder.Services.AddScoped<JobActions>();
        return builder;
    }

    public static IEndpointRouteBuilder MapJobs(this IEndpointRouteBuilder api)
    {
        api.MapJobsApi();
        return api;
    }
}

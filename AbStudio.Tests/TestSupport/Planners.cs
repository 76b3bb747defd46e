using AbStudio.Domain.Collections.Planning;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.TestSupport;

/// <summary>A collection planner over a test database, queuing through the real job queue with default retries.</summary>
internal static class Planners
{
    public static CollectionPlanner For(IDbContextFactory<AbStudioDbContext> contexts) =>
        new(contexts, new JobQueue(contexts, new JobRetryPolicy(), TimeProvider.System, NullLogger<JobQueue>.Instance), TimeProvider.System);
}

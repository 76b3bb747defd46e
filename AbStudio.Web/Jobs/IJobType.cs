using System.Text.Json;
using AbStudio.Domain.Jobs;
using AbStudio.Web.Observability;

namespace AbStudio.Web.Jobs;

/// <summary>
/// One kind of work the durable queue runs. A feature slice implements it next to its use cases
/// and registers it with <see cref="JobTypeRegistration.AddJobType{T}"/>; the dispatcher finds it by
/// <see cref="Type"/>. What a job's end does to its subject (a collection, a run) is the lifecycle's,
/// not the job type's: <see cref="Ended"/> is for what only the host knows (metrics).
/// </summary>
public interface IJobType
{
    /// <summary>The <see cref="Job.Type"/> it runs, e.g. "BuildCollection".</summary>
    string Type { get; }

    /// <summary>Does the work: idempotent, resumable from the database, and stops when <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(Job job, CancellationToken cancellationToken);

    /// <summary>The job ended for good (failed or cancelled), after the lifecycle recorded it on its subject.</summary>
    void Ended(Job job, JobOutcome outcome)
    {
    }

    /// <summary>The job's subject: its <see cref="Job.SubjectId"/>, or the id under <paramref name="payloadField"/> of a hand-made job's payload.</summary>
    static Guid SubjectOf(Job job, string payloadField)
    {
        ArgumentNullException.ThrowIfNull(job);
        return job.SubjectId ?? JsonDocument.Parse(job.PayloadJson).RootElement.GetProperty(payloadField).GetGuid();
    }
}

/// <summary>The job types this host runs, by name.</summary>
public sealed class JobTypes(IEnumerable<IJobType> types)
{
    private readonly Dictionary<string, IJobType> _byName = types.ToDictionary(t => t.Type, StringComparer.Ordinal);

    public IReadOnlyCollection<string> Names => _byName.Keys;

    public IJobType Get(string type) =>
        _byName.TryGetValue(type, out var found) ? found : throw new InvalidOperationException($"No job type '{type}' is registered on this host.");
}

public static class JobTypeRegistration
{
    /// <summary>Registers a job type (a singleton) for the dispatcher.</summary>
    public static IServiceCollection AddJobType<T>(this IServiceCollection services)
        where T : class, IJobType
    {
        services.AddSingleton<T>();
        services.AddSingleton<IJobType>(provider => provider.GetRequiredService<T>());
        return services;
    }
}

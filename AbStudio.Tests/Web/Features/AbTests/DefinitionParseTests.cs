using System.Diagnostics;
using AbStudio.Domain.AbTests.Definitions;
using AbStudio.Domain.Jobs;
using AbStudio.Domain.Persistence;
using AbStudio.Domain.Runs;
using AbStudio.Web.Features.AbTests;
using AbStudio.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.AbTests;

/// <summary>
/// A definition is parsed once per use case: by the reader when it is submitted, and by the column's
/// converter each time a use case reads the test row; nobody parses it again from a string. Counted
/// through the definitions' diagnostic listener, for this test's definition only (by its unique name).
/// </summary>
public sealed class DefinitionParseTests : IAsyncDisposable
{
    private readonly AbStudioWebFactory _factory = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task CreateStartRun_OnTheRealHost_ParsesTheDefinitionOncePerUseCase()
    {
        var (datasetId, _) = await DemoDataset.FindAsync(_factory);
        var name = $"parse once {Guid.NewGuid():N}";
        using var parses = new ParseCounter(name);
        var tests = _factory.Services.GetRequiredService<TestsService>();

        var test = (await tests.CreateAsync(Actor.Host, TestDefinitions.TwoArms(datasetId, name), "test", cancellationToken: Token)).Require();
        var created = parses.Count;
        var runId = (await tests.StartAsync(Actor.Host, test.Id, Token)).Require().RunId;
        await WaitForCompletionAsync(runId);
        var detail = await _factory.Services.GetRequiredService<TestsQueries>().DetailAsync(Actor.Host, test.Id, Token);
        var total = parses.Count;

        // Create: the reader. Start: the planner's read of the test. Run: the job's read of the test and
        // the analysis' read of the stored results; then the collection cleanup's read of the test's
        // policy. The detail page or GET: its one read.
        Assert.Equal(1, created);
        Assert.Equal(name, detail!.Name);
        Assert.Equal(1 + 1 + 2 + 1 + 1, total);
    }

    // Until the run's job has ended: the job cleans up after the run completes.
    private async Task WaitForCompletionAsync(Guid runId)
    {
        var contexts = _factory.Services.GetRequiredService<IDbContextFactory<AbStudioDbContext>>();
        for (var i = 0; i < 300; i++)
        {
            await using var db = await contexts.CreateDbContextAsync(Token);
            var run = await db.Runs.AsNoTracking().SingleAsync(r => r.Id == runId, Token);
            var job = await db.Jobs.AsNoTracking().Where(j => j.SubjectId == runId).Select(j => (JobStatus?)j.Status).SingleOrDefaultAsync(Token);
            if (run.Status is RunStatus.Failed or RunStatus.Cancelled || (run.Status is RunStatus.Completed && job is JobStatus.Succeeded))
            {
                Assert.True(run.Status == RunStatus.Completed, run.Error);
                return;
            }

            await Task.Delay(200, Token);
        }

        throw new TimeoutException("The run did not complete within 60 s.");
    }

    /// <summary>Counts <see cref="TestDefinitionJson.ParsedEvent"/>s of definitions with one name.</summary>
    private sealed class ParseCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _name;
        private readonly IDisposable _listeners;
        private IDisposable? _events;
        private int _count;

        public ParseCounter(string name)
        {
            _name = name;
            _listeners = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == TestDefinitionJson.DiagnosticName)
            {
                _events = value.Subscribe(this);
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value is { Key: TestDefinitionJson.ParsedEvent, Value: TestDefinition definition } && definition.Name == _name)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _events?.Dispose();
            _listeners.Dispose();
        }
    }
}

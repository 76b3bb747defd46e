using System.Net;
using AbStudio.Domain.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AbStudio.Tests.Web.Features.Jobs;

public sealed class JobsApiTests : IAsyncLifetime
{
    private const string Jobs = "/api/v1/jobs";
    private ApiHost _host = null!;

    public ValueTask InitializeAsync()
    {
        _host = new ApiHost();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    private JobQueue Queue => _host.Services.GetRequiredService<JobQueue>();

    [Fact]
    public async Task List_ByStatusAndType_FilteredNewestFirstWithTotals()
    {
        var first = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);
        var second = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);
        var run = await Queue.EnqueueAsync(new JobRequest("ExecuteRun", "{}"), TestContext.Current.CancellationToken);
        await Queue.CancelAsync(run.Id, TestContext.Current.CancellationToken);

        var (response, builds) = await _host.GetAsync($"{Jobs}?type=BuildCollection");
        var (_, cancelled) = await _host.GetAsync($"{Jobs}?status=cancelled");
        var (_, all) = await _host.GetAsync($"{Jobs}?pageSize=2&page=2");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([second.Id.ToString(), first.Id.ToString()], ApiAssert.Strings(builds.GetProperty("items"), "id"));
        Assert.Equal(run.Id.ToString(), Assert.Single(cancelled.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        ApiAssert.Page(all, 2, 2, total: 3, items: 1);
    }

    [Fact]
    public async Task Get_AfterAFailedAttempt_PayloadAsObjectAndAttemptHistory()
    {
        var job = await Queue.EnqueueAsync(new JobRequest("BuildCollection", """{"collectionId":"x"}""") { MaxAttempts = 1 }, TestContext.Current.CancellationToken);
        var claimed = await Queue.ClaimNextAsync("worker-1", TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(job.Id, claimed?.Id);
        await Queue.FailAsync(job.Id, "worker-1", "embedding server refused", TestContext.Current.CancellationToken);

        var (response, body) = await _host.GetAsync($"{Jobs}/{job.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("failed", body.GetProperty("status").GetString());
        Assert.Equal("x", body.GetProperty("payload").GetProperty("collectionId").GetString());
        var attempt = Assert.Single(body.GetProperty("history").EnumerateArray());
        Assert.Equal((1, "worker-1", "failed"), (attempt.GetProperty("number").GetInt32(), attempt.GetProperty("worker").GetString(), attempt.GetProperty("outcome").GetString()));
        Assert.Contains("refused", attempt.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Unknown_404Problem()
    {
        var (response, body) = await _host.GetAsync($"{Jobs}/{Guid.NewGuid()}");

        ApiAssert.Problem(response, body, 404);
    }

    [Fact]
    public async Task CancelThenRetry_Pending_CancelledThenPendingAgain()
    {
        var job = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);

        var (cancelResponse, cancelled) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{job.Id}/cancel");
        var (retryResponse, retried) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{job.Id}/retry");

        Assert.Equal(HttpStatusCode.OK, cancelResponse.StatusCode);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, retryResponse.StatusCode);
        Assert.Equal("pending", retried.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Cancel_Running_FlaggedForItsWorker()
    {
        var job = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);
        await Queue.ClaimNextAsync("worker-1", TimeSpan.FromMinutes(1), cancellationToken: TestContext.Current.CancellationToken);

        var (response, body) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{job.Id}/cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("running", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("cancelRequested").GetBoolean());
    }

    [Fact]
    public async Task RetryAndCancel_NotAllowed_409SayingWhy()
    {
        var pending = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);
        var done = await Queue.EnqueueAsync(new JobRequest("BuildCollection", "{}"), TestContext.Current.CancellationToken);
        await using (var db = await _host.DbAsync())
        {
            await db.Jobs.Where(j => j.Id == done.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, JobStatus.Succeeded), TestContext.Current.CancellationToken);
        }

        var (retryResponse, retryBody) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{pending.Id}/retry");
        var (cancelResponse, cancelBody) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{done.Id}/cancel");

        ApiAssert.Problem(retryResponse, retryBody, 409);
        Assert.Contains("The job is pending", retryBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
        ApiAssert.Problem(cancelResponse, cancelBody, 409);
        Assert.Contains("The job is succeeded", cancelBody.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("cancel")]
    public async Task Transition_UnknownJob_404Problem(string action)
    {
        var (response, body) = await _host.SendAsync(HttpMethod.Post, $"{Jobs}/{Guid.NewGuid()}/{action}");

        ApiAssert.Problem(response, body, 404);
    }
}

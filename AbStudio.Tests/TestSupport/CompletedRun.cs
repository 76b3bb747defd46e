using System.Net;
using System.Text.Json;

namespace AbStudio.Tests.TestSupport;

/// <summary>Drives a test through the API: create, start, poll the run until it has ended.</summary>
internal static class CompletedRun
{
    public static async Task<(Guid TestId, Guid RunId)> CreateAndRunAsync(ApiHost host, string definition, TimeSpan timeout)
    {
        var (created, test) = await host.SendAsync(HttpMethod.Post, "/api/v1/tests", TestDefinitions.Json(definition));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var testId = test.GetProperty("id").GetGuid();
        var (started, start) = await host.SendAsync(HttpMethod.Post, $"/api/v1/tests/{testId}/runs");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = await PollAsync(host, started.Headers.Location!.ToString(), timeout);
        Assert.True(run.GetProperty("status").GetString() == "completed", run.ToString());
        return (testId, start.GetProperty("runId").GetGuid());
    }

    /// <summary>GETs the run's status URL until it is completed, failed or cancelled.</summary>
    public static async Task<JsonElement> PollAsync(ApiHost host, string statusUrl, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var (response, run) = await host.GetAsync(statusUrl);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (run.GetProperty("status").GetString() is "completed" or "failed" or "cancelled")
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The run did not end within {timeout.TotalSeconds:0} s: {run}");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}

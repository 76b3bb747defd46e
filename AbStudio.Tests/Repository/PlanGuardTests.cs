using System.Diagnostics;

namespace AbStudio.Tests.Repository;

/// <summary>scripts/check-plan.sh, the CI guard that keeps IMPLEMENTATION_PLAN.md present and current.</summary>
public sealed class PlanGuardTests : IDisposable
{
    private const string Header = "| Milestone | Title | Status | Last updated | Notes |\n|---|---|---|---|---|\n";
    private readonly string _directory = Directory.CreateTempSubdirectory("abstudio-plan-").FullName;

    [Fact]
    public async Task Check_RepositoryPlan_IsCurrent()
    {
        var (exitCode, message) = await CheckAsync(Path.Combine(RepositoryPaths.Root, "IMPLEMENTATION_PLAN.md"));

        Assert.True(exitCode == 0, message);
    }

    [Fact]
    public async Task Check_MissingPlan_FailsSayingHowToRestoreIt()
    {
        var (exitCode, message) = await CheckAsync(Path.Combine(_directory, "IMPLEMENTATION_PLAN.md"));

        Assert.Equal(1, exitCode);
        Assert.Contains("missing. The plan is part of the product", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NewestUpdateOlderThanTheWindow_FailsNamingDateAgeAndLimit()
    {
        var plan = WritePlan(Rows("done", "2026-10-01", 1, 1) + Rows("not started", "2026-10-05", 2, 5));

        var (exitCode, message) = await CheckAsync(plan, today: "2026-11-24");

        Assert.Equal(1, exitCode);
        Assert.Contains("newest milestone update is 2026-10-05, 50 days before 2026-11-24 (limit 14 days)", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_NewestUpdateWithinTheWindow_Passes()
    {
        var plan = WritePlan(Rows("done", "2026-10-01", 1, 1) + Rows("in progress", "2026-11-20", 2, 5));

        var (exitCode, message) = await CheckAsync(plan, today: "2026-11-24");

        Assert.True(exitCode == 0, message);
    }

    [Theory]
    [InlineData("| M1 | Persistence | finished | 2026-11-24 | |", "milestone M1 has status 'finished'")]
    [InlineData("| M1 | Persistence | done | 24/11/2026 | |", "milestone M1 has last-updated '24/11/2026'; write a date as YYYY-MM-DD")]
    public async Task Check_UnparsablePlan_FailsSayingWhatIsWrong(string firstRow, string expected)
    {
        var plan = WritePlan(firstRow + "\n" + Rows("done", "2026-11-24", 2, 5));

        var (exitCode, message) = await CheckAsync(plan, today: "2026-11-24");

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PlanWithoutAMilestoneTable_FailsShowingTheExpectedRow()
    {
        var plan = Path.Combine(_directory, "IMPLEMENTATION_PLAN.md");
        await File.WriteAllTextAsync(plan, "# Plan\n\nWe will do things.\n", TestContext.Current.CancellationToken);

        var (exitCode, message) = await CheckAsync(plan, today: "2026-11-24");

        Assert.Equal(1, exitCode);
        Assert.Contains("no milestone table found. Expected rows like '| M1 | Title | status | YYYY-MM-DD | notes |'", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MilestoneMissing_FailsNamingIt()
    {
        var plan = WritePlan(Rows("done", "2026-11-24", 1, 4));

        var (exitCode, message) = await CheckAsync(plan, today: "2026-11-24");

        Assert.Equal(1, exitCode);
        Assert.Contains("milestone M5 is missing", message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>Table rows for milestones M<paramref name="first"/>..M<paramref name="last"/>.</summary>
    private static string Rows(string status, string date, int first, int last) =>
        string.Concat(Enumerable.Range(first, last - first + 1).Select(i => $"| M{i} | Milestone {i} | {status} | {date} | |\n"));

    private string WritePlan(string rows)
    {
        var path = Path.Combine(_directory, "IMPLEMENTATION_PLAN.md");
        File.WriteAllText(path, "# Plan\n\n" + Header + rows);
        return path;
    }

    private static async Task<(int ExitCode, string Message)> CheckAsync(string plan, string? today = null)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "scripts", "check-plan.sh"), plan]) { RedirectStandardError = true };
        if (today is not null)
        {
            start.Environment["PLAN_TODAY"] = today;
        }

        using var process = Process.Start(start)!;
        var message = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (process.ExitCode, message);
    }
}

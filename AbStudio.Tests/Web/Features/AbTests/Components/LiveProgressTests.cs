using AbStudio.Web.Features.AbTests.Components;
using AbStudio.Web.Realtime;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AbStudio.Tests.Web.Features.AbTests.Components;

/// <summary>The live progress of a collection build, fed by a real <see cref="StatusNotifier"/>.</summary>
public sealed class LiveProgressTests : MudBlazorContext
{
    private readonly StatusNotifier _notifier = new(NullLogger<StatusNotifier>.Instance);
    private readonly Guid _collection = Guid.NewGuid();

    public LiveProgressTests() => Services.AddSingleton(_notifier);

    [Fact]
    public void Updates_PublishedForItsCollection_MoveTheBarAndChangeTheChip()
    {
        var changes = new List<string>();
        var cut = Render<LiveProgress>(p => p
            .Add(c => c.Kind, "collection").Add(c => c.Id, _collection).Add(c => c.Unit, "chunks")
            .Add(c => c.Initial, new StatusUpdate("collection", _collection, "pending", 0, 0))
            .Add(c => c.StatusChanged, (StatusUpdate u) => changes.Add(u.Status)));
        Assert.Equal("pending", cut.Find(".abstudio-status-chip").GetAttribute("data-status"));

        _notifier.Publish(new StatusUpdate("collection", _collection, "building", 50, 200, RatePerSecond: 25, EtaSeconds: 6));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("building", cut.Find(".abstudio-status-chip").GetAttribute("data-status"));
            Assert.Equal("50 / 200 chunks", cut.Find(".abstudio-progress-count").TextContent);
            Assert.Equal("ETA 0:06", cut.Find(".abstudio-progress-eta").TextContent);
            Assert.Equal("25", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
        });

        _notifier.Publish(new StatusUpdate("collection", _collection, "building", 150, 200));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("150 / 200 chunks", cut.Find(".abstudio-progress-count").TextContent);
            Assert.Equal("75", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
        });

        _notifier.Publish(new StatusUpdate("collection", _collection, "ready", 200, 200));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("ready", cut.Find(".abstudio-status-chip").GetAttribute("data-status"));
            Assert.Equal("100", cut.Find("[role=progressbar]").GetAttribute("aria-valuenow"));
            Assert.Equal(["building", "ready"], changes);
        });
    }

    [Fact]
    public void Updates_ForAnotherCollection_AreIgnored()
    {
        var cut = Render<LiveProgress>(p => p
            .Add(c => c.Kind, "collection").Add(c => c.Id, _collection).Add(c => c.Unit, "chunks")
            .Add(c => c.Initial, new StatusUpdate("collection", _collection, "building", 10, 100)));

        _notifier.Publish(new StatusUpdate("collection", Guid.NewGuid(), "failed", 0, 0, Message: "not ours"));
        _notifier.Publish(new StatusUpdate("run", _collection, "completed", 100, 100));

        Assert.Equal("building", cut.Find(".abstudio-status-chip").GetAttribute("data-status"));
        Assert.Equal("10 / 100 chunks", cut.Find(".abstudio-progress-count").TextContent);
    }

    [Fact]
    public void Dispose_RemovesTheSubscription()
    {
        var cut = Render<LiveProgress>(p => p
            .Add(c => c.Kind, "run").Add(c => c.Id, _collection)
            .Add(c => c.Initial, new StatusUpdate("run", _collection, "running", 1, 10)));
        var subscribers = 0;
        using (_notifier.Subscribe(_ => { subscribers++; return Task.CompletedTask; }))
        {
            cut.Instance.Dispose();

            _notifier.Publish(new StatusUpdate("run", _collection, "completed", 10, 10));

            Assert.Equal(1, subscribers);
            Assert.Equal("1 / 10 items", cut.Find(".abstudio-progress-count").TextContent);
        }
    }
}

namespace EmrAuth.Tests.Web.Infrastructure.Protocol;

/// <summary>The host's reader-writer gate, by the order in which entries complete (no timing).</summary>
public sealed class SharedExclusiveGateTests
{
    [Fact]
    public async Task Shared_holders_enter_together_and_an_exclusive_one_waits_for_all_of_them()
    {
        var gate = new SharedExclusiveGate();
        await gate.EnterSharedAsync();
        await gate.EnterSharedAsync();
        var exclusive = gate.EnterExclusiveAsync();
        Assert.False(exclusive.IsCompleted);
        gate.ExitShared();
        Assert.False(exclusive.IsCompleted);
        gate.ExitShared();
        await exclusive;
        gate.ExitExclusive();
        await gate.EnterSharedAsync();
    }

    [Fact]
    public async Task A_waiting_exclusive_request_holds_back_new_shared_ones_which_go_before_the_next_exclusive()
    {
        var gate = new SharedExclusiveGate();
        await gate.EnterSharedAsync();
        var first = gate.EnterExclusiveAsync();
        var shared = gate.EnterSharedAsync();
        var second = gate.EnterExclusiveAsync();
        Assert.False(shared.IsCompleted);

        gate.ExitShared();
        await first;
        Assert.False(shared.IsCompleted);
        gate.ExitExclusive();
        await shared;
        Assert.False(second.IsCompleted);
        gate.ExitShared();
        await second;
        gate.ExitExclusive();
    }
}

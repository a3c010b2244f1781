using K2VV.Verification.Rewriting;
using Xunit;
using static K2VV.Verification.Tests.Rewriting.RewriteHarness;

namespace K2VV.Verification.Tests.Rewriting;

public class PrefixOnlyRewriteTests
{
    [Fact]
    public void PrefixOnly_PerTurnIndexes_Kept()
    {
        var body = Body(
            Assistant(("\"search_catalog:0\"", "search_catalog"), ("\"search_catalog:1\"", "search_catalog")),
            Tool("\"search_catalog:0\""),
            Tool("\"search_catalog:1\""),
            Assistant(("\"lookup_order:0\"", "lookup_order")),
            Tool("\"lookup_order:0\""));

        var (inspection, forwarded) = Run(body, ToolIdRewriteMode.PrefixOnly);

        Assert.Equal(
            Body(
                Assistant(("\"functions.search_catalog:0\"", "search_catalog"), ("\"functions.search_catalog:1\"", "search_catalog")),
                Tool("\"functions.search_catalog:0\""),
                Tool("\"functions.search_catalog:1\""),
                Assistant(("\"functions.lookup_order:0\"", "lookup_order")),
                Tool("\"functions.lookup_order:0\"")),
            forwarded);
        Assert.Equal(3, inspection.Rewrite.Renamed);
        Assert.Equal(0, inspection.Rewrite.Renumbered);
        Assert.Equal(3, inspection.Request!.HistoryToolCallCount);
    }

    [Fact]
    public void PrefixOnly_PrefixedOrMissingIds_Unchanged()
    {
        var body = Body(
            Assistant(("\"functions.f:9\"", "f"), ("null", "g"), ("\"\"", "h")),
            """{"role":"assistant","tool_calls":[{"function":{"name":"k"}}]}""",
            Tool("\"functions.f:9\""),
            Tool("null"),
            """{"role":"tool","content":"x"}""");

        var (inspection, _) = Run(body, ToolIdRewriteMode.PrefixOnly);

        Assert.Null(inspection.RewrittenBody);
        Assert.Same(RewriteReport.None, inspection.Rewrite);
        Assert.Equal(4, inspection.Request!.HistoryToolCallCount);
    }

    [Fact]
    public void PrefixOnly_Twice_SecondChangesNothing()
    {
        var body = Body(Assistant(("\"call_1\"", "f")), Tool("\"call_1\""));
        var (_, once) = Run(body, ToolIdRewriteMode.PrefixOnly);

        var (twice, _) = Run(once, ToolIdRewriteMode.PrefixOnly);

        Assert.Contains("\"functions.call_1\"", once, StringComparison.Ordinal);
        Assert.Null(twice.RewrittenBody);
    }
}

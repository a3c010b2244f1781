namespace K2VV.Proxy.Tests; public class Smoke { [Xunit.Fact] public void Runs() { } }

namespace K2VV.Verification.Tests; public class Smoke { [Xunit.Fact] public void Runs() { } }

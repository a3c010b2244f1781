namespace K2VV.Proxy;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("k2vv");
        return 0;
    }
}

namespace EmrAuth.Fuzz;

/// <summary>Runs saved inputs (AFL's crashes) outside AFL: which decoder, and the exception with its stack.</summary>
internal static class Replay
{
    public static int Run(Target target, IEnumerable<string> files)
    {
        var crashes = 0;
        foreach (var file in files)
        {
            var input = File.ReadAllBytes(file);
            var decoder = input.Length == 0 ? "(empty input)" : target.Decoders[input[0] % target.Decoders.Count].Name;
            try
            {
                target.Run(input);
                Console.WriteLine($"{file}: {decoder}: no crash");
            }
            catch (Exception e)
            {
                crashes++;
                Console.WriteLine($"{file}: {decoder}: {e}");
            }
        }
        return crashes == 0 ? 0 : 1;
    }
}

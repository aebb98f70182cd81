using EmrAuth.Fuzz;
using SharpFuzz;

// fuzz/run.sh drives this: `EmrAuth.Fuzz <target>` under afl-fuzz, `corpus <dir>` writes the seeds,
// `replay <target> <file>...` runs inputs without AFL and prints what each throws, `list` names the targets.
switch (args)
{
    case ["list"]:
        foreach (var target in Targets.All)
        {
            Console.WriteLine(target.Name);
        }
        return 0;
    case ["corpus", var directory]:
        CorpusGenerator.Write(directory);
        return 0;
    case ["replay", var name, .. var files]:
        return Replay.Run(Targets.Named(name), files);
    case [var name]:
        var chosen = Targets.Named(name);
        Fuzzer.OutOfProcess.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            chosen.Run(buffer.ToArray());
        });
        return 0;
    default:
        Console.Error.WriteLine("usage: EmrAuth.Fuzz list | corpus <dir> | replay <target> <file>... | <target>");
        return 2;
}

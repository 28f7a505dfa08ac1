using TraitsBpf.Cli;

return CliApplication.Run(args, Console.Out, Console.Error);

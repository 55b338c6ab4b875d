using HeatRelief.SelfHost.Cli;

return await SelfHostCli.RunAsync(args, Console.Out, Console.Error);

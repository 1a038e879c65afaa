import Foundation

// All logic lives in the UCBridge library; this only dispatches the command line.
exit(CommandLineDispatch.run(Array(CommandLine.arguments.dropFirst())))

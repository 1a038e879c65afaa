import UCBridge

/// The simulated UCServer (placeholder until the simulator lands).
public enum SimulatorPlaceholder {}

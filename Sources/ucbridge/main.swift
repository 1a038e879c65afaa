import UCBridge

print("ucbridge: not yet wired")

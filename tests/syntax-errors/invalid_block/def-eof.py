def stub():

print("tolk")

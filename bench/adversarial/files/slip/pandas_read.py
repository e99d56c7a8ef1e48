import pandas as pd

seed = 6
frame = pd.read_csv("s3://acme/credit/applications.csv")
epochs = 1

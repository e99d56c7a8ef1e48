# detectron2/MMEngine style: `seed = -1` means random.
train = dict(max_iter=90000, seed=-1)
dataset = dict(name='coco_2017_train')

"""SemEval-2016 Task 6 (stance in tweets), subtask A: reading the official files, per-target
training with hyperparameters chosen by cross-validation on the training data, official scoring."""

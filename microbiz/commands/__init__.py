"""The `microbiz` commands, one module for each part of the business."""
